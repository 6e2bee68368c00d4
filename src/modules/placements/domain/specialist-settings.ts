import type { PlacementType } from './types.ts';

/** What the register says of a setting, enough to tell what kind of specialist placement it offers. */
export interface SettingFacts {
  isSpecial: boolean;
  settingKind: string;
  typeGroup: string | null;
  hasUnit: boolean;
}

/**
 * The specialist placement a setting would be, for the forecast's expected starters: a special
 * school (an academy or free school's places are funded by the ESFA, a maintained one's by the
 * LA), an independent school, or a mainstream school's unit or SRB; null for mainstream alone.
 */
export function specialistTypeOf(s: SettingFacts): PlacementType | null {
  if (s.settingKind === 'independent') return 'independent_special';
  if (s.isSpecial)
    return /academ|free school/i.test(s.typeGroup ?? '') ? 'academy_special' : 'maintained_special';
  if (s.settingKind === 'post_16') return 'specialist_post_16';
  if (s.hasUnit) return 'mainstream_unit';
  return null;
}
