// The one entry the worker bundles.
export { applicationWorkflow } from './application.workflow';
export { intakeWindowWorkflow } from './intake.workflow';
export { awardWorkflow } from './award.workflow';
