export { normalisePostcode } from '../../../platform/kernel/postcode.ts';

export const postcodeMessage = 'Postcode must be a UK postcode, like NR1 2DH';
