// What the administration of organisations, users and officers' conflict declarations says when it
// refuses. An organisation or user is named by its name where one exists; one the reader asked for and
// that does not exist is "that one" (the reader knows what they asked for).
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const IDENTITY_SENTENCES = {
  organisationIdTaken: (): L => ({ zh: '该单位标识已被使用', en: 'an organisation with this id exists already' }),
  userIdTaken: (taken: { id: string; name: string }, sameCaseOnly: boolean): L => ({
    zh: sameCaseOnly ? `该用户标识已属于用户“${taken.name}”` : `该用户标识已属于用户“${taken.name}”(仅大小写不同的用户标识视为同一用户)`,
    en: sameCaseOnly
      ? `a user with this id exists already (${taken.name})`
      : `a user with this id exists already (${taken.name}, as ${taken.id}: user ids differing only in letter case are one user)`,
  }),
  noOrganisation: (): L => ({ zh: '没有该单位', en: 'no such organisation' }),
  noUser: (): L => ({ zh: '没有该用户', en: 'no such user' }),
  noJurisdiction: (): L => ({ zh: '没有该辖区', en: 'no such jurisdiction' }),
  startupNeedsEvidence: (): L => ({ zh: '初创企业须提供认定依据', en: 'a startup needs its evidence (startupEvidence)' }),
  applicantNeedsOrganisation: (): L => ({ zh: '申请人须属于一个单位', en: 'an applicant belongs to an organisation: organisationId is required' }),
  applicantHasNoBureau: (): L => ({ zh: '申请人不属于任何部门', en: 'an applicant belongs to no bureau' }),
  applicantOfOrganisationsCity: (organisation: string, city: L): L => ({
    zh: `申请人所属辖区须与其单位一致:${organisation}登记在${city.zh}`,
    en: `an applicant belongs to its organisation's jurisdiction: ${organisation} is registered in ${city.en}`,
  }),
  adminBelongsNowhere: (): L => ({ zh: '管理员不属于任何单位或部门', en: 'an admin belongs to no organisation or bureau' }),
  /** `role`: the role's words (ROLE_WORDS), or none for a role the catalogue does not know. */
  staffNeedBureau: (role: L | undefined): L => ({
    zh: `${role?.zh ?? '工作人员'}须属于一个部门或区`,
    en: `${role?.en ?? 'Staff'} staff belong to a bureau or district: bureauCode is required`,
  }),
  staffHaveNoOrganisation: (): L => ({ zh: '工作人员不属于申请单位', en: 'staff belong to a bureau, not to an applicant organisation' }),
  noSuchTreasury: (city: L): L => ({
    zh: `${city.zh}已发布的政策包中没有所填的财政`,
    en: `no such treasury in ${city.en}: finance staff belong to a treasury of a published policy pack`,
  }),
  noSuchBureau: (city: L): L => ({
    zh: `${city.zh}已发布的政策包中没有所填的部门`,
    en: `no such bureau in a published policy pack of ${city.en}`,
  }),
  nameTheJurisdiction: (cities: readonly L[]): L => ({
    zh: `须指明所属辖区${cities.length ? `:${cities.map((c) => c.zh).join('、')}` : '(尚无辖区,请先发布政策包)'}`,
    en: `jurisdictionId is required: one of ${cities.map((c) => c.en).join(', ') || '(none: publish a policy pack first)'}`,
  }),
  creditCodeTaken: (holder: string | null): L => ({
    zh: holder ? `该统一社会信用代码已登记为${holder}` : '该统一社会信用代码已登记',
    en: `this credit code is already registered${holder ? ` to ${holder}` : ''}`,
  }),
} as const;

export const CONFLICT_SENTENCES = {
  /** Another city's organisation and none answer alike: the id the reader gave is all they are told of. */
  notInYourCity: (): L => ({ zh: '所填单位不是本市已登记的单位', en: 'the organisation named is not registered in your city' }),
  noDeclaration: (): L => ({ zh: '您没有该回避声明', en: 'no such declaration of yours' }),
  alreadyWithdrawn: (): L => ({ zh: '该回避声明已撤回', en: 'the declaration is already withdrawn' }),
} as const;

export const LAB_REGISTRATION_SENTENCES = {
  noOrganisation: (): L => ({ zh: '所填依托单位未登记', en: 'the host organisation named is not registered' }),
  noPolicy: (): L => ({ zh: '没有该政策', en: 'no such policy' }),
  designatesNoLabs: (policy: L): L => ({ zh: `《${policy.zh}》不含重点实验室认定`, en: `“${policy.en}” designates no key labs` }),
  otherCity: (policy: L, policyCity: L, organisation: string): L => ({
    zh: `《${policy.zh}》是${policyCity.zh}的政策,${organisation}不在该市登记,不能按此政策登记实验室`,
    en: `“${policy.en}” is ${policyCity.en}'s policy; ${organisation} is registered in another city`,
  }),
  nameTaken: (organisation: string, labName: string): L => ({
    zh: `${organisation}已登记名为“${labName}”的重点实验室`,
    en: `${organisation} already has a key lab named ${labName}`,
  }),
} as const;
