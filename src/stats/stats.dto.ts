import { z } from 'zod';
import { FenString, LocalizedTextSchema } from '../domain';
import { zodDto } from '../common/zod';
import { idText } from '../common/text';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

export const StatsPackParamsSchema = z.object({ packId: idText('packId', 100) }).strict();
export class StatsPackParamsDto extends zodDto(StatsPackParamsSchema) {}

const year = z
  .string({ error: 'year must be a calendar year written YYYY, e.g. ?year=2025' })
  .regex(/^[0-9]{4}$/, { error: bilingual(S.year) })
  .transform(Number)
  .optional();
export const StatsYearQuerySchema = z.object({ year }).strict();
export class StatsYearQueryDto extends zodDto(StatsYearQuerySchema) {}

export const PoolMonthSchema = z.object({
  month: z.string().describe('YYYY-MM in the policy’s time zone'),
  reservedFen: FenString.describe('held by approved awards at the month’s end (paid shares included)'),
  paidFen: FenString.describe('paid out of the pool by the month’s end, net of recoveries'),
  inReviewFen: FenString.describe('computed awards of cases still under review at the month’s end that draw on the pool'),
});
export const PoolSeriesSchema = z.object({
  code: z.string(),
  name: LocalizedTextSchema,
  funder: z.string(),
  totalFen: FenString.describe('the pool’s budget for the year'),
  months: z.array(PoolMonthSchema).describe('from January to the current month (all twelve for a past year)'),
});
export type PoolSeries = z.infer<typeof PoolSeriesSchema>;
export const PoolStatsSchema = z.object({
  packId: z.string(),
  year: z.number().int(),
  budgetYears: z.array(z.number().int()),
  items: z.array(PoolSeriesSchema),
});
export type PoolStats = z.infer<typeof PoolStatsSchema>;

export const AGE_BUCKETS = ['0-2', '3-7', '8-14', '15-30', '31+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export const DecisionMonthSchema = z.object({
  month: z.string().describe('YYYY-MM, 北京时间'),
  decided: z.number().int().describe('tasks decided in the month'),
  medianDays: z.number().describe('median days from a task’s opening to its decision, one decimal'),
  p90Days: z.number().describe('90th percentile of the same, one decimal'),
});
export const BureauStatsItemSchema = z.object({
  jurisdictionId: z.string().describe('the city whose bureau this is (a bureau code is unique within its city only)'),
  bureauCode: z.string(),
  name: LocalizedTextSchema,
  openTasks: z.array(z.object({ bucket: z.enum(AGE_BUCKETS).describe('age in whole days since the task opened'), count: z.number().int() })),
  decisions: z.array(DecisionMonthSchema).describe('months of the year with at least one decision'),
});
export type BureauStatsItem = z.infer<typeof BureauStatsItemSchema>;
export const BureauStatsSchema = z.object({ year: z.number().int(), items: z.array(BureauStatsItemSchema) });
export type BureauStats = z.infer<typeof BureauStatsSchema>;
