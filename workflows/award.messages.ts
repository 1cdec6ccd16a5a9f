import { defineSignal } from '@temporalio/workflow';

/** One payment workflow per award, started idempotently under this id. */
export const awardWorkflowId = (caseId: string): string => `award:${caseId}`;

export interface AwardWorkflowInput {
  caseId: string;
}

export interface AwardWorkflowResult {
  caseId: string;
  orders: { funder: string; orderId: string }[];
}

/** A finance officer settled one of the award's orders (paid or cancelled): look again. */
export const orderSettledSignal = defineSignal<[]>('orderSettled');
