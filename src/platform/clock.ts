/** The time, passed in rather than read, so tests can move it (session expiry, throttling). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
