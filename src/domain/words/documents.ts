// What the document store says to an applicant uploading, opening or deleting a file. Sizes arrive as
// a person reads them ("20 MiB"); no document is named by its id (the reader knows which they asked for).
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const DOCUMENT_SENTENCES = {
  onlyApplicants: (): L => ({ zh: '只有申报单位的用户可以上传文件', en: 'only applicants of an organisation upload documents' }),
  empty: (): L => ({ zh: '请求体为空:请发送文件本身', en: 'the body is empty: send the file itself' }),
  notAFile: (): L => ({
    zh: '文件不是 PDF、PNG 或 JPEG(以文件内容判断,而非文件名或声明的类型)',
    en: 'the file is not a PDF, PNG or JPEG (judged by its content, not its name)',
  }),
  declaredOtherwise: (): L => ({
    zh: '上传内容须为文件本身(PDF、PNG 或 JPEG),不能是 JSON、表单或文本',
    en: 'an upload is the file itself, sent as application/pdf, image/png, image/jpeg or application/octet-stream; this one was declared as something else',
  }),
  kept: (): L => ({ zh: '已提交的申请引用了该文件,不能删除', en: 'the document is named by a submitted application and is kept' }),
  overQuota: (quota: string, kept: string): L => ({
    zh: `贵单位文件存储将超过 ${quota} 的限额(已用 ${kept}),请删除不再需要的文件或联系管理员`,
    en: `your organisation's documents would pass its storage quota of ${quota} (${kept} kept); delete documents no application needs, or ask the administrator`,
  }),
  overDaily: (today: string, perDay: string): L => ({
    zh: `贵单位 24 小时内已上传 ${today},每日上限 ${perDay},请明天再试`,
    en: `your organisation has uploaded ${today} in the last 24 hours; at most ${perDay} a day`,
  }),
  tooLarge: (max: string): L => ({ zh: `文件超过 ${max}`, en: `the file is larger than ${max}` }),
  noDocument: (): L => ({ zh: '没有该文件', en: 'no such document' }),
} as const;
