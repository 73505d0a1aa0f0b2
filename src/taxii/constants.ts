/** The TAXII 2.1 media type every TAXII response carries. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1'

/** The STIX 2.1 media type of the objects in collections. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1'

/** Default page size of objects, manifest and versions. */
export const TAXII_PAGE_LIMIT = 100

/** Largest page, whatever `limit` a client asks for (TAXII lets a server return fewer). */
export const TAXII_MAX_PAGE_LIMIT = 1000

/** Status resources kept for `GET status/:id`; the oldest is forgotten first. */
export const STATUS_CACHE_SIZE = 1000

/** Path of the single API root under the TAXII prefix. */
export const API_ROOT_PATH = '/taxii2/api/'

/** Bundles read per page while scanning the store for a collection. */
export const SCAN_PAGE_SIZE = 1000

/**
 * The STIX version of every stored object: the node accepts STIX 2.1 bundles
 * only, so `match[spec_version]` matches 2.1 and nothing else.
 */
export const STIX_SPEC_VERSION = '2.1'

/**
 * Id of the built-in read-only collection holding every object of the intel
 * this node may read, whatever its policy: the one a SIEM or OpenCTI
 * connector subscribes to. Presets (writable) match policies exactly.
 */
export const ALL_INTEL_COLLECTION_ID = '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a00'
