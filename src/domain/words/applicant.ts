// Who a sub-type admits, in words: the kinds of applicant a pack names (src/domain/applicant.ts).
import type { ApplicantSpec, LocalizedText } from '../pack/schema';

export const APPLICANT_SPEC_WORDS: Record<ApplicantSpec, LocalizedText> = {
  enterprise: { zh: '企业', en: 'enterprises' },
  startup: { zh: '初创企业', en: 'startups' },
  university: { zh: '高等院校', en: 'universities' },
  institute: { zh: '科研机构', en: 'research institutes' },
  data_source_unit: { zh: '数源单位', en: 'data-source units' },
  park_operator: { zh: '园区运营主体', en: 'park operators' },
  lab: { zh: '重点实验室', en: 'key laboratories' },
  other: { zh: '其他主体', en: 'other organisations' },
};
