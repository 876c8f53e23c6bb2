/** A demo user of the local sign-in chooser (shared/web/dev-sign-in.ts asks the local identity issuer for them). */
export interface DemoUserView {
  id: string;
  name: string;
  title: string;
  roles: string[];
}
