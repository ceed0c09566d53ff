// Training: classes filed within 48 h (TRN-1), face-checked attendance (TRN-2), the hours ledger (TRN-4).
export { trainingRoutes } from './routes.js';
export { openClass, fileClass, enrolTrainee, scheduleSession } from './service.js';
export { checkIn, checkOut } from './attendance.js';
export { requestExam, setMaterials, submitExamApplication } from './exam.js';
