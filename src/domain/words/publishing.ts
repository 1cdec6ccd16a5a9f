// Why publishing a policy pack is refused. The English names the pack by its id (the publisher's file
// says it, and the seed and API tests read it); the Chinese names it by its title, cities by name and
// time zones as their readers call them.
import type { LocalizedText } from '../pack/schema';
import { zoneWords } from './index';

type L = LocalizedText;

/** A pack as its refusal names it. */
interface Named {
  id: string;
  title: L;
}

export const PUBLISH_SENTENCES = {
  onlyAdmins: (): L => ({ zh: '只有管理员可以发布政策包', en: 'only administrators publish policy packs' }),
  malformed: (issue: string): L => ({ zh: `政策包格式有误:${issue}`, en: issue }),
  /** `succeeds` is the id the pack itself gives: no stored pack has it, so no title exists. */
  predecessorMissing: (pack: Named, succeeds: string): L => ({
    zh: `《${pack.title.zh}》声明继任的政策包(${succeeds})尚未发布`,
    en: `policy pack ${succeeds}, which this pack says it succeeds, is not published`,
  }),
  otherCity: (pack: Named, storedCity: string, city: { code: string; name: L }): L => ({
    zh: `《${pack.title.zh}》已属于其他辖区,不可改为${city.name.zh}`,
    en: `policy pack ${pack.id} belongs to ${storedCity} and cannot move to ${city.code}`,
  }),
  otherClock: (pack: Named, timeZone: string, city: { id: string; name: L; timezone: string }): L => ({
    zh: `《${pack.title.zh}》的时区(${zoneWords(timeZone).zh})与${city.name.zh}的时区(${zoneWords(city.timezone).zh})不一致`,
    en: `policy pack ${pack.id} keeps time in ${timeZone} but its jurisdiction ${city.id} in ${city.timezone}`,
  }),
  versionPublished: (pack: Named, version: number, what: 'withdrawn' | 'changed' | 'inherited'): L => ({
    zh: `《${pack.title.zh}》第 ${version} 版已发布,不可${what === 'withdrawn' ? '撤回' : what === 'changed' ? '修改' : '通过其继承的政策包内容修改'},请发布新版本`,
    en: `policy pack ${pack.id} version ${version} is published and cannot be ${what === 'inherited' ? 'changed (through what it inherits from the pack)' : what}; publish a new version instead`,
  }),
} as const;
