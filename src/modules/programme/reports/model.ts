import type { IsoDate } from '../../../platform/kernel/dates.ts';
import type { Tracker } from '../benefits/service.ts';
import type { boardRisks, ReportSnapshot, statusByWorkstream } from '../domain/report.ts';
import type { ProgrammeView } from '../structure/service.ts';
import type * as repo from './repo.ts';

/** What a board report says, shared by the service that gathers it and the documents that print it. */
export interface BoardReport {
  on: IsoDate;
  v: ProgrammeView;
  lastOn: IsoDate | null;
  workstreams: ReturnType<typeof statusByWorkstream>;
  changes: string[];
  decisions: (repo.DecisionRow & { project: string | null; overdue: boolean })[];
  risks: ReturnType<typeof boardRisks>;
  tracker: Tracker;
  benefits: { name: string; status: string; latest: string }[];
  snapshot: ReportSnapshot;
  issued: IsoDate[];
}
