// Self-service onboarding (issue 22): SMS codes, workers' sign-up on a phone, organisations' applications.
export { onboardingRoutes } from './routes.js';
export { aliyunSignature, aliyunSmsSender, devSmsSender, smsSenderFor, type SmsConfig, type SmsSender } from './sms.js';
export { APPLYING_KINDS, licenceType } from './rules.js';
export { seedDemoApplication } from './service.js';
// Issue 19 item 4: the 工作台's queue.
export { applicationQueue } from './queue.js';
