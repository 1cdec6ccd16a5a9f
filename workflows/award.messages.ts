import { defineSignal } from '@temporalio/workflow';
import type { NoticeRef } from './children';

/** One payment workflow per award, started idempotently under this id. */
export const awardWorkflowId = (caseId: string): string => `award:${caseId}`;

export interface AwardWorkflowInput {
  caseId: string;
}

export interface AwardWorkflowResult {
  caseId: string;
  orders: { funder: string; orderId: string }[];
}

export interface OrderSettled {
  /** The applicant's notices of the settlement: the award workflow starts their delivery. */
  notices: NoticeRef[];
}

/** A finance officer settled one of the award's orders (paid or cancelled): look again, and send its notices. */
export const orderSettledSignal = defineSignal<[OrderSettled]>('orderSettled');
