// Why an assessment finds an application inadmissible or ineligible, and the cumulative limits it
// applies (src/domain/assess.ts). Recorded in case histories word for word.
// Known gaps, kept as recorded until a patched change: `unknownSubtype` and `invalidForm` pass the
// schema's English issue (and the field path) into the Chinese, and `districtNotCovered` shows the
// district as written on the organisation's record.
import { formatYuan, formatYuanEn, type Fen } from '../fen';
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const ASSESSMENT_SENTENCES = {
  outsideValidity: (receivedOn: string, first: string, last: string): L => ({
    zh: `申请于 ${receivedOn} 收到,不在本政策有效期(${first} 至 ${last})内`,
    en: `The application was received on ${receivedOn}, outside the policy's validity (${first} to ${last})`,
  }),
  unknownSubtype: (issue: string): L => ({ zh: `无法受理:${issue}`, en: issue }),
  notAdmissible: (): L => ({ zh: '未能受理,无资助', en: 'Not admissible, so no award' }),
  applicantKinds: (zhList: string, enList: string): L => ({ zh: `本项仅限${zhList}申请`, en: `Only ${enList} may apply for this` }),
  noDistrict: (): L => ({
    zh: '本项须由申请单位注册地所在区政府审核,请先登记注册所在区',
    en: "This is reviewed by the government of the applicant's registered district; record the district first",
  }),
  districtNotCovered: (district: string): L => ({
    zh: `注册所在区"${district}"不在本政策适用范围内`,
    en: `The registered district "${district}" is not one this policy covers`,
  }),
  invalidForm: (issues: readonly { path: string; message: string }[]): L => ({
    zh: `申请表填写有误:${issues.map((i) => `${i.path} ${i.message}`).join(';')}`,
    en: `The application form is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  }),
  formInvalidNoAward: (): L => ({ zh: '申请表无效,无法核算', en: 'The form is invalid, so no award can be computed' }),
  ineligible: (): L => ({ zh: '不符合申报条件', en: 'the application is not eligible' }),
  yearlyCap: (year: number | string): L => ({ zh: `每个单位每年(${year}年)累计上限`, en: `yearly cap per applicant (${year})` }),
  auditedInvestmentCap: (): L => ({
    zh: '已获国家或省级财政支持的项目,市区各级财政累计资助不超过经审计认定的投资额',
    en: 'for a project with national or provincial funding, all city and district awards together may not exceed its audited investment',
  }),
  limitCut: (label: L, cap: Fen, prior: Fen, room: Fen): L => ({
    zh: `${label.zh}:上限 ${formatYuan(cap)},此前已获 ${formatYuan(prior)},尚余 ${formatYuan(room)}`,
    en: `${label.en}: cap ${formatYuanEn(cap)}, ${formatYuanEn(prior)} already awarded, ${formatYuanEn(room)} left`,
  }),
} as const;
