import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PeerFailure } from '../../federation/fan-out.ts';
import { createShelterHolders, shelterCountOf, type CatalogFetch } from './shelter-holders.ts';

const catalog = (count?: number) => ({ publisher: 'x', dataset: count === undefined ? [] : [{ identifier: 'shelters', recordCount: count }] });
const signal = new AbortController().signal;

describe('shelterCountOf', () => {
  it('reads the shelters count of a catalog, zero when the node lists no shelters, nothing from what is not a catalog', () => {
    fc.assert(fc.property(fc.nat(), (n) => shelterCountOf(catalog(n)) === n));
    expect(shelterCountOf(catalog())).toBe(0);
    for (const junk of [null, 3, 'x', {}, { dataset: 'x' }, { dataset: [{ identifier: 'shelters', recordCount: -1 }] }, { dataset: [{ identifier: 'shelters' }] }]) {
      expect(shelterCountOf(junk)).toBeUndefined();
    }
  });
});

describe('createShelterHolders', () => {
  it('skips a node whose catalog counts no shelter, and asks one that holds some', async () => {
    const holders = createShelterHolders({ fetchCatalog: async (id) => ({ body: catalog(id === 'clinic' ? 0 : 12) }) });
    expect(await holders.holdsShelters('clinic', signal)).toBe(false);
    expect(await holders.holdsShelters('city', signal)).toBe(true);
  });

  it('asks a node whose catalog cannot be read, and passes on one that is unreachable so it is reported missing', async () => {
    const unreadable = createShelterHolders({ fetchCatalog: async () => 'unreadable' });
    expect(await unreadable.holdsShelters('x', signal)).toBe(true);
    const broken = createShelterHolders({ fetchCatalog: async () => ({ body: '<html>' }) });
    expect(await broken.holdsShelters('x', signal)).toBe(true);
    const down = createShelterHolders({
      fetchCatalog: async () => {
        throw new PeerFailure('unreachable', 'ECONNREFUSED');
      },
    });
    await expect(down.holdsShelters('x', signal)).rejects.toBeInstanceOf(PeerFailure);
  });
});
