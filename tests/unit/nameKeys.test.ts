import { nameTokens, phonetic, queryKeys, recordKeys, writtenName } from '@enlace/platform';

const shareKey = (a: string[], b: string[]) => a.some((k) => b.includes(k));
const jhon = { givenNames: 'Jhon', familyNames: 'Quispe Mamani', birthYear: 1984, dateOfBirth: '1984-02-05', sex: 'MALE' };

test('"QUISPE MAMANI Jhon, 1984" finds "Jhon Quispe Mamani" born 1984-02-05, and not one born in 1985 or a woman', () => {
  const asked = { ...writtenName('QUISPE MAMANI Jhon'), birthYear: 1984 };
  expect(asked).toEqual({ familyNames: 'QUISPE MAMANI', givenNames: 'Jhon', birthYear: 1984 });
  expect(shareKey(queryKeys(asked), recordKeys(jhon))).toBe(true);
  expect(shareKey(queryKeys(asked), recordKeys({ ...jhon, birthYear: 1985, dateOfBirth: '1985-02-05' }))).toBe(false);
  expect(shareKey(queryKeys({ ...asked, sex: 'MALE' }), recordKeys({ ...jhon, sex: 'FEMALE' }))).toBe(false);
});

test('accents, case, punctuation, particles and the order of names make no difference to the exact key', () => {
  expect(nameTokens('  DE LA CRUZ-Peña, María José ')).toEqual(['cruz', 'pena', 'maria', 'jose']);
  const exact = (given: string, family: string) => recordKeys({ givenNames: given, familyNames: family, birthYear: 1990, sex: 'FEMALE' }, ['T']);
  expect(exact('María José', 'de la Cruz Peña')).toEqual(exact('MARIA JOSE', 'CRUZ PEÑA'));
  expect(exact('María José', 'de la Cruz Peña')).toEqual(exact('Cruz Peña', 'María José'));
});

test('spellings of one sound across Spanish and Portuguese files are one phonetic word', () => {
  for (const [a, b] of [['Jhon', 'John'], ['Hernández', 'Ernandes'], ['Vásquez', 'Basques'], ['Gonçalves', 'Gonsalves'], ['Yesenia', 'Jesenia'], ['Jiménez', 'Ximenes'], ['Guillermo', 'Gilhermo'], ['Quispe', 'Kispe']]) {
    expect([a, b, phonetic(nameTokens(a)[0])]).toEqual([a, b, phonetic(nameTokens(b)[0])]);
  }
  for (const [a, b] of [['Rosa', 'Rossi'], ['Mamani', 'Mamaní Condori'], ['Chávez', 'Jávez'], ['Sánchez', 'Sanjes']]) expect(phonetic(nameTokens(a).join(''))).not.toBe(phonetic(nameTokens(b).join('')));
});

test('a second family name left out on one side still meets by the name pairs, with the year or the whole date', () => {
  const record = { givenNames: 'Juan Carlos', familyNames: 'Rodríguez Mamani', birthYear: 1979, dateOfBirth: '1979-03-14', sex: 'MALE' };
  expect(shareKey(queryKeys({ givenNames: 'Juan', familyNames: 'Rodriguez', birthYear: 1979 }), recordKeys(record))).toBe(true);
  expect(shareKey(queryKeys({ givenNames: 'Juan', familyNames: 'Mamani', birthYear: 1979, dateOfBirth: '1979-03-14' }), recordKeys(record))).toBe(true);
  // With a whole date, the pairs meet only the same date: a namesake born another day of that year is not found by them.
  expect(shareKey(queryKeys({ givenNames: 'Juan', familyNames: 'Rodriguez', birthYear: 1979, dateOfBirth: '1979-09-01' }), recordKeys(record))).toBe(false);
});

test('an unknown sex keys both; one word, or no year, keys nothing', () => {
  const unknown = recordKeys({ givenNames: 'Ana', familyNames: 'Silva', birthYear: 2001, sex: null });
  expect(unknown.some((k) => k.endsWith('|M'))).toBe(true);
  expect(unknown.some((k) => k.endsWith('|F'))).toBe(true);
  expect(recordKeys({ givenNames: '', familyNames: 'Silva', birthYear: 2001 })).toEqual([]);
  expect(recordKeys({ givenNames: 'Ana', familyNames: 'Silva', birthYear: Number.NaN })).toEqual([]);
  // A written name whose split is not known gives no pair keys, only those of every word.
  expect(queryKeys({ ...writtenName('Ana Silva Costa'), birthYear: 2001 }).every((k) => !k.startsWith('N:'))).toBe(true);
});
