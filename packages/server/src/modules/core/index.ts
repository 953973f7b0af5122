import type { ZhiliModule } from '../../platform/module.ts';
import { organizationRoutes } from './organizations.routes.ts';
import { personRoutes } from './persons.routes.ts';
import { regionRoutes } from './regions.routes.ts';

/** The spine every module stands on: regions, organizations and persons. */
export const coreModule: ZhiliModule = {
  name: 'core',
  routes: (app, deps) => {
    regionRoutes(app);
    organizationRoutes(app);
    personRoutes(app, deps);
  },
};

export { CoreErrors } from './core.errors.ts';
export {
  listRegions,
  getRegion,
  createRegion,
  updateRegion,
  importRegionsCsv,
  presentRegion,
} from './regions.service.ts';
export { levelOfCode, placementProblems, ancestorCodes } from './regions.engine.ts';
export {
  listOrganizations,
  getOrganization,
  createOrganization,
  updateOrganization,
  presentOrganization,
} from './organizations.service.ts';
export { createPerson, getPerson, listPersons, updatePerson, presentPerson, mayRevealPii } from './persons.service.ts';
