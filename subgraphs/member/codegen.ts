/**
 * GraphQL Code Generator (`npm run codegen`, and every build): resolver and argument types
 * from schema/member.graphql, each object type mapped to the value its resolvers receive
 * (the records the repository reads, the pages paging.ts makes), into src/generated/ (not committed).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema/member.graphql',
  silent: true,
  generates: {
    'src/generated/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        contextType: '../context#MemberContext',
        // Enums as unions of strings ('TIP' | 'SOM' …): nothing to import at run time.
        enumsAsTypes: true,
        useTypeImports: true,
        mappers: {
          Person: '../records#StoredPerson',
          Case: '../records#CaseRecord',
          Involvement: '../records#InvolvementRecord',
          IdentityDocument: '../records#DocumentRecord',
          RouteObservation: '../records#RouteObservationRecord',
          Route: '../records#RouteRef',
          Leg: '../resolvers#NumberedLeg',
          Account: '../records#AccountRecord',
          Transfer: '../records#TransferRecord',
          TransferPage: '../finance/resolvers#TransferPageValue',
          MemberPage: '../paging#MemberPageValue',
          StatisticsCell: '../statistics/resolvers#StatisticsCellValue',
        },
      },
    },
  },
};
export default config;
