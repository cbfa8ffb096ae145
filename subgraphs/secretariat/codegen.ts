/**
 * GraphQL Code Generator (`npm run codegen`, and every build): resolver and argument types
 * from schema/secretariat.graphql, each object type mapped to the value its resolvers receive
 * (the records the repositories read), into src/generated/ (not committed).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema/secretariat.graphql',
  silent: true,
  generates: {
    'src/generated/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        contextType: '../context#SecretariatContext',
        // Enums as unions of strings ('PROPOSED' | 'ACTIVE' …): nothing to import at run time.
        enumsAsTypes: true,
        useTypeImports: true,
        mappers: {
          JointInvestigationTeam: '../repository#JitRecord',
          PersonLink: '../repository#PersonLinkRecord',
          LinkBasis: '../reads#LinkBasisValue',
          CooperationRequest: '../cooperation/record#CooperationRecord',
          CooperationGrant: '../cooperation/record#GrantRecord',
          CooperationSubject: '../cooperation/reads#Subject',
          CooperationRequestPage: '../cooperation/reads#CooperationRequestPageValue',
        },
      },
    },
  },
};
export default config;
