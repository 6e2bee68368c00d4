/** Numbers as GOV.UK writes them: thousands separated by commas (12,147), percentages to one place. */

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const onePlace = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export const wholeNumber = (n: number) => whole.format(n);

/** "56.3%", or the words given when there is nothing to take a share of. */
export const percentText = (p: number | null, none = 'None') =>
  p === null ? none : `${onePlace.format(p)}%`;

/** "1 day", "12 days". */
export const days = (n: number) => `${wholeNumber(n)} ${n === 1 ? 'day' : 'days'}`;
