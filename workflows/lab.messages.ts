import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { GradeArgs, LabReward, LabState } from '../src/domain/lab/lifecycle';
import type { LocalizedText } from '../src/domain/pack/schema';

export { labWorkflowId } from '../src/domain/lab/lifecycle';

export interface LabWorkflowInput {
  /** The lab's id: the id of the case that designated it (its final approval started the lifecycle). */
  labId: string;
  /** The state handed on by continue-as-new; absent on the first run. */
  state?: LabState;
}

export interface GradeResult {
  cycle: number;
  grade: string;
  reward: LabReward;
  status: LabState['status'];
  ended: { at: string; reason: LocalizedText } | null;
}

export const labStateQuery = defineQuery<LabState>('labState');
export const gradeEvaluationUpdate = defineUpdate<GradeResult, [GradeArgs]>('gradeEvaluation');
