import type { Tlp } from '../policy/types.js'

/*
 * Marking-definition ids of the Traffic Light Protocol, from
 * /work/shared/data/tlp-markings.json (copied by value, not read at run time):
 *
 * - TLP 2.0: published by the OASIS CTI TC in oasis-open/cti-stix-common-objects
 *   (extension-definition-specifications/tlp-2.0/, objects/marking-definition/,
 *   objects/extension-definition/), BSD-3-Clause, Copyright (c) OASIS Open.
 * - TLP 1.0: predefined by STIX 2.1 §7.2.1.4
 *   (https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html), ids
 *   verified against oasis-open/cti-stix2-json-schemas
 *   schemas/common/marking-definition.json, BSD-3-Clause, Copyright (c) OASIS Open.
 */

/** The extension-definition that carries TLP 2.0 levels on a marking-definition. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'

/** TLP 2.0 `tlp_2_0` values → marking-definition ids. */
export const TLP2_IDS: Readonly<Record<string, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'
}

/** TLP 1.0 `definition.tlp` values → marking-definition ids (predefined by STIX 2.1). */
export const TLP1_IDS: Readonly<Record<string, string>> = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'
}

/** TLP 2.0 level of each `tlp_2_0` value. */
const TLP2_LEVELS: Readonly<Record<string, Tlp>> = {
  clear: 'CLEAR', green: 'GREEN', amber: 'AMBER', 'amber+strict': 'AMBER+STRICT', red: 'RED'
}

/** TLP 1.0 → 2.0 as FIRST maps it: WHITE became CLEAR, the others keep their names. */
const TLP1_LEVELS: Readonly<Record<string, Tlp>> = {
  white: 'CLEAR', green: 'GREEN', amber: 'AMBER', red: 'RED'
}

/** Marking-definition id → TLP 2.0 level, for both TLP versions. */
export const TLP_BY_MARKING_ID: ReadonlyMap<string, Tlp> = new Map([
  ...Object.entries(TLP2_IDS).map(([name, id]) => [id, TLP2_LEVELS[name] as Tlp] as const),
  ...Object.entries(TLP1_IDS).map(([name, id]) => [id, TLP1_LEVELS[name] as Tlp] as const)
])

/** The TLP 2.0 level a marking-definition id stands for, if it is a TLP id. */
export function tlpOfMarking (markingId: string): Tlp | undefined {
  return TLP_BY_MARKING_ID.get(markingId)
}

/** Canonical TLP 1.0 value (`white`…) of an id, if it is a TLP 1.0 id. */
export function tlp1NameOf (markingId: string): string | undefined {
  return Object.keys(TLP1_IDS).find(name => TLP1_IDS[name] === markingId)
}

/** Canonical TLP 2.0 value (`clear`…) of an id, if it is a TLP 2.0 id. */
export function tlp2NameOf (markingId: string): string | undefined {
  return Object.keys(TLP2_IDS).find(name => TLP2_IDS[name] === markingId)
}
