import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/data/table';

/** `none`: the function never touches the table (a stream consumer's stream read is granted apart). */
export type TableAccess = 'none' | 'read' | 'readWrite';
/** The item reads a function may be granted (all three by default). */
export type TableRead = 'dynamodb:GetItem' | 'dynamodb:BatchGetItem' | 'dynamodb:Query';
const ALL_READS: readonly TableRead[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/** Every key attribute of the definition is a string (see shared/data/keys.ts). */
const key = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The single table, built from shared/data/table.ts (the same definition the local stack uses).
 * It holds the register of official letters and their audit trail, so it is hard to lose:
 * deletion protection, RETAIN on stack deletion, point-in-time recovery.
 */
export class DataTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[tableDefinition.streamViewType],
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // An AWS managed key: encrypted at rest, and no key policy for every function to be granted on.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.table).acknowledge({
      id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
      reason: 'Point-in-time recovery (continuous, 35 days) is on, deletion protection is on and the table is retained on stack deletion; restoring is documented in infra/aws/README.md (Deploy, roll back). An AWS Backup plan for longer copies is an operating choice of the agency, not made by this stack.',
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.nonKeyAttributes] }
          : { projectionType: ProjectionType.ALL }),
      });
    }
  }

  /**
   * Item-level access for a handler. Written out instead of `grantReadData`/`grantReadWriteData`, which
   * also grant Scan, stream reads and `index/*`: the repositories only Get, BatchGet and Query (on the
   * table and the two named indexes) and write through Put/Update/Delete and transactions (never
   * BatchWrite; test/infra/grants-vs-code.test.ts checks each action against the code's SDK commands).
   */
  grant(grantee: IGrantable, access: TableAccess, reads: readonly TableRead[] = ALL_READS): void {
    if (access === 'none') return;
    const indexArns = tableDefinition.globalSecondaryIndexes.map((i) => `${this.table.tableArn}/index/${i.indexName}`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...reads],
        resources: [this.table.tableArn, ...indexArns],
      }),
    );
    if (access === 'readWrite') {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          // TransactWriteItems is not an IAM action: each item of a transaction needs its own action,
          // ConditionCheckItem included.
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
          resources: [this.table.tableArn],
        }),
      );
    }
  }
}
