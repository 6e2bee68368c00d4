export { normalisePostcode } from '../../../platform/kernel/postcode.ts';

export const postcodeProblemMessage = 'Enter a real UK postcode, like NR1 2DH';
