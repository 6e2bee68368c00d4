import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppModule } from '../../platform/module.ts';
import { siteRoutes } from './routes.ts';

/** The home page, and the pages every service must have: accessibility statement and cookies. */
export const siteModule: AppModule = {
  name: 'site',
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  navigation: [{ href: '/', text: 'Home', access: 'signed-in' }],
  routes: siteRoutes,
};
