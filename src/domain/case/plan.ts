// The review plan of a case: which bureaus review in which stage, and what a stage's decisions mean.
// It is data of the pack (a sub-type's `review.stages`); without it the routing gives today's shapes.
import type { LocalizedText } from '../pack/schema';
import { STAGE_WORDS } from '../words';

/** A stage as the pack writes it (mirrors ReviewStageSpecSchema; kept here so the machine needs no zod). */
export interface StageSpec {
  code: string;
  title?: LocalizedText;
  reviewers: string[];
  parallel: boolean;
  decides: boolean;
  rejectionEnds: boolean;
}

/** A stage resolved for one case: named bureaus only. */
export interface ReviewStage {
  code: string;
  bureaus: string[];
  parallel: boolean;
  decides: boolean;
  rejectionEnds: boolean;
}

export interface Routing {
  lead: string;
  coReviewers: string[];
  /** The applicant's district government, when the routing reviews it. */
  district: string | null;
}

/** Reviewer roles a stage may name instead of a bureau code. */
export const REVIEWER_ROLES = ['lead', 'coReviewers', 'district'] as const;

/**
 * Today's shapes, where a sub-type names none: one review by the lead when nobody else reviews;
 * otherwise the lead's intake, the others in parallel (会签), and the lead's final decision.
 */
export const DEFAULT_STAGES: { single: StageSpec[]; joint: StageSpec[] } = {
  single: [{ code: 'review', title: STAGE_WORDS.review, reviewers: ['lead'], parallel: true, decides: true, rejectionEnds: true }],
  joint: [
    { code: 'intake', title: STAGE_WORDS.intake, reviewers: ['lead'], parallel: true, decides: false, rejectionEnds: true },
    {
      code: 'co-review',
      title: STAGE_WORDS['co-review'],
      reviewers: ['coReviewers', 'district'],
      parallel: true,
      decides: false,
      rejectionEnds: false,
    },
    { code: 'final', title: STAGE_WORDS.final, reviewers: ['lead'], parallel: true, decides: true, rejectionEnds: true },
  ],
};

function resolveReviewers(tokens: string[], r: Routing): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const named = t === 'lead' ? [r.lead] : t === 'coReviewers' ? r.coReviewers : t === 'district' ? (r.district === null ? [] : [r.district]) : [t];
    for (const b of named) if (!out.includes(b)) out.push(b);
  }
  return out;
}

/** The stages of one case, in order; a stage with nobody to review is dropped. */
export function reviewPlanOf(stages: StageSpec[] | undefined, routing: Routing): ReviewStage[] {
  const others = resolveReviewers(['coReviewers', 'district'], routing);
  const specs = stages ?? (others.length === 0 ? DEFAULT_STAGES.single : DEFAULT_STAGES.joint);
  return specs
    .map((s) => ({
      code: s.code,
      bureaus: resolveReviewers(s.reviewers, routing),
      parallel: s.parallel,
      decides: s.decides,
      rejectionEnds: s.rejectionEnds || s.decides,
    }))
    .filter((s) => s.bureaus.length > 0);
}
