// The one entry the worker bundles.
export { caseWorkflow } from './case.workflow';
export { intakeWindowWorkflow } from './intake.workflow';
export { noticeWorkflow } from './notice.workflow';
export { labLifecycleWorkflow } from './lab.workflow';
export { rentFreeWorkflow } from './rentfree.workflow';
export { awardWorkflow } from './award.workflow';
export { replayJobWorkflow } from './replay.workflow';
