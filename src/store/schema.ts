import { SchemaTooNewError, SchemaUnsupportedError } from './errors.js'
import type { AbstractBatchOperation, AbstractSnapshot } from 'abstract-level'
import type { StoreDatabase, Sublevels, SyncOption } from './sublevels.js'

/**
 * The layout version of the data this code writes, kept in `meta/schema`.
 * Bump it with every change to keys or values that older code would misread,
 * and register the migration from the previous version below.
 */
export const STORE_SCHEMA_VERSION = 1

/** Stores made before the marker existed carry no `meta/schema`: they are version 0. */
export const SCHEMA_UNMARKED = 0

/** One step of the migration registry: turns a store of version `from` into `from + 1`. */
export interface Migration {
  /** The version this step reads. */
  from: number
  /** What the step changes, for logs and docs. */
  summary: string
  /**
   * The operations of the step, staged by reading the database as it is
   * (never writing): all the steps of an open are committed as ONE batch, so
   * a crash leaves the old version or the new, never a mixture.
   */
  stage: (subs: Sublevels) => Promise<Array<AbstractBatchOperation<StoreDatabase, string, unknown>>>
}

/** Every migration, oldest first: `MIGRATIONS[i].from === i`. */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    summary: 'stores made before the schema marker: the layout is that of version 1, so the step records the version',
    stage: async () => []
  }
]

/** The version a store holds: its marker, or 0 for a store made before the marker existed. */
export async function readSchemaVersion (subs: Sublevels, snapshot?: AbstractSnapshot): Promise<number> {
  const value = await subs.meta.get('schema', snapshot === undefined ? {} : { snapshot })
  if (value === undefined) return SCHEMA_UNMARKED
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    // A marker we cannot read could be anything: refuse as if from the future, never guess.
    throw new SchemaTooNewError(String(JSON.stringify(value)), STORE_SCHEMA_VERSION)
  }
  return value
}

/**
 * Brings an existing store to STORE_SCHEMA_VERSION: nothing to do at the
 * current version; a newer (unknown) version is refused before anything is
 * written; an older one is migrated step by step in one synced batch, or
 * refused when a step is missing from the registry. Returns the version found.
 */
export async function upgradeSchema (db: StoreDatabase, subs: Sublevels, sync: boolean, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const found = await readSchemaVersion(subs)
  if (found === STORE_SCHEMA_VERSION) return found
  if (found > STORE_SCHEMA_VERSION) throw new SchemaTooNewError(String(found), STORE_SCHEMA_VERSION)
  const ops: Array<AbstractBatchOperation<StoreDatabase, string, unknown>> = []
  for (let version = found; version < STORE_SCHEMA_VERSION; version++) {
    const step = migrations.find(m => m.from === version)
    if (step === undefined) throw new SchemaUnsupportedError(found, STORE_SCHEMA_VERSION, version)
    ops.push(...await step.stage(subs))
  }
  ops.push({ type: 'put', sublevel: subs.meta, key: 'schema', value: STORE_SCHEMA_VERSION } as AbstractBatchOperation<StoreDatabase, string, unknown>)
  await db.batch(ops as Array<AbstractBatchOperation<StoreDatabase, string, string>>, { sync } as SyncOption)
  return found
}
