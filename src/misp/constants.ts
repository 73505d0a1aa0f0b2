/** Most attributes (standalone and in objects) one imported event may hold: each becomes up to four STIX objects. */
export const MAX_ATTRIBUTES = 20_000

/** Longest MISP event text accepted by the parser (the API body limit usually binds first). */
export const MAX_EVENT_LENGTH = 16 * 1024 * 1024

/** Longest attribute value accepted. */
export const MAX_VALUE_LENGTH = 64 * 1024

/** MISP `distribution` 0: "Your organisation only". */
export const DISTRIBUTION_ORGANISATION_ONLY = '0'

/** The kill-chain name misp-stix uses to carry an attribute's category; we read and write it the same way. */
export const CATEGORY_KILL_CHAIN = 'misp-category'
