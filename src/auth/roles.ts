/** The roles of docs/domain.md "Who is who", as identities carry them. */
export const ROLES = ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority', 'app', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
