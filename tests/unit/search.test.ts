/** Name search words (subgraphs/member/src/search.ts). */
import { personSearchText, searchWords } from '@enlace/member';

test('words: lower case, accents dropped, anything but a-z a separator', () => {
  expect(searchWords('  Quíspe MAMANI ')).toEqual(['quispe', 'mamani']);
  expect(searchWords("O'Brien-García")).toEqual(['o', 'brien', 'garcia']);
  expect(searchWords('Núñez 2º')).toEqual(['nunez']);
  expect(searchWords('-- 42 --')).toEqual([]);
});

test('a person is indexed as the distinct words of the names and aliases', () => {
  expect(personSearchText({ givenNames: 'Juan Carlos', familyNames: 'Quispe Quispe', aliases: ['El Flaco', 'Juancho'] }))
    .toBe('juan carlos quispe el flaco juancho');
});
