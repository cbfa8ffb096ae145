/** The transnational suspects: a small network-wide pool, by seed only, each held by a few members. */
import { ALIASES, namePool } from './catalogue';
import { hashSeed, Random } from './random';
import { ANCHORS, SECRETARIAT_CODE } from './anchors';
import { passportNumber } from './documents';

export interface TransnationalSuspect {
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex: string;
  dateOfBirth: string;
  nationality: string;
  passport: string;
}

const TRANSNATIONAL_POOL = 5;

/** Person 1 (the anchor) and a pool of five more suspects recorded by several members. */
export function transnationalSuspects(seed: number): TransnationalSuspect[] {
  const rng = new Random(hashSeed(`${SECRETARIAT_CODE}:transnational`, seed));
  const pool: TransnationalSuspect[] = [];
  for (let k = 0; k < TRANSNATIONAL_POOL; k++) {
    const nationality = rng.pick(['BO', 'PE', 'CO', 'VE', 'PY', 'EC', 'DO']);
    const names = namePool(nationality);
    const female = rng.chance(0.3);
    const family = names.familyCount(() => rng.next()) === 2 ? `${rng.pick(names.family)} ${rng.pick(names.family)}` : rng.pick(names.family);
    pool.push({
      givenNames: rng.pick(female ? names.female : names.male),
      familyNames: family,
      aliases: [rng.pick(ALIASES)],
      sex: female ? 'FEMALE' : 'MALE',
      dateOfBirth: rng.dateBetween('1962-01-01', '1996-12-31'),
      nationality,
      passport: passportNumber(rng, nationality),
    });
  }
  return pool;
}

/** Which two of the transnational pool a member records (as P:7 and P:8, in this order). */
export function transnationalOf(country: string, seed: number): number[] {
  const rng = new Random(hashSeed(`${SECRETARIAT_CODE}:transnational:${country}`, seed));
  return rng.sample([...Array(TRANSNATIONAL_POOL).keys()], ANCHORS.transnationalSeqs.length).sort((a, b) => a - b);
}
