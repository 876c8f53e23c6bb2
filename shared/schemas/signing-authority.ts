/** The signing authorities of Nghị định 30/2020 (ký thay, thừa lệnh, thừa ủy quyền, quyền, thay mặt). */
export const signingAuthorities = ['KT', 'TL', 'TUQ', 'Q', 'TM'] as const;
export type SigningAuthority = (typeof signingAuthorities)[number];
