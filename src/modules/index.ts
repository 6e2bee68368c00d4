import type { AppModule } from '../platform/module.ts';
import { childrenModule } from './children/index.ts';
import { ehcModule } from './ehc/index.ts';
import { engagementModule } from './engagement/index.ts';
import { fundingModule } from './funding/index.ts';
import { localOfferModule } from './local-offer/index.ts';
import { peopleModule } from './people/index.ts';
import { placementsModule } from './placements/index.ts';
import { portalsModule } from './portals/index.ts';
import { programmeModule } from './programme/index.ts';
import { providersModule } from './providers/index.ts';
import { siteModule } from './site/index.ts';
import { sufficiencyModule } from './sufficiency/index.ts';

/** Every business module, in the order their menu entries appear. */
export const modules: AppModule[] = [
  siteModule,
  childrenModule,
  ehcModule,
  portalsModule,
  placementsModule,
  fundingModule,
  sufficiencyModule,
  programmeModule,
  localOfferModule,
  engagementModule,
  providersModule,
  peopleModule,
];
