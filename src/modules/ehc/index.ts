/** The EHC needs assessment module's public face: what other modules and the app may use. */
export {
  type Deadline,
  type DeadlineStatus,
  deadlines,
  type EngineContext,
  nextDue,
  type RequestFacts,
  type Step,
} from './domain/deadlines.ts';
export { type Closure, closuresBetween, type Term } from './domain/term-dates.ts';
