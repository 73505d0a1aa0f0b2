/** Jurisdiction groups a bundle with personal data may go to (GDPR: EEA plus adequacy decisions). */
export const PERSONAL_DATA_GROUPS = ['EEA', 'GDPR_ADEQUATE'] as const

/** Most terms in `allow` or `deny`, and most sharing groups, one policy may carry. */
export const MAX_POLICY_TERMS = 256

/** Most named members one policy may carry. */
export const MAX_POLICY_MEMBERS = 1024
