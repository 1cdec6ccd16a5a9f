// The one entry the worker bundles.
export { caseWorkflow } from './case.workflow';
export { intakeWindowWorkflow } from './intake.workflow';
export { awardWorkflow } from './award.workflow';
