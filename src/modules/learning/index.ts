// Online learning (TRN-3): courses, server-credited learning sessions, captures, records and the 学时证明.
export { learningRoutes } from './routes.js';
export { createCourse, addLesson, assignCourse } from './courses.js';
export { startLesson, heartbeat, resume, captureRandom } from './sessions.js';
export { submitCapture } from './captures.js';
export { classRecords, hourCertificate } from './records.js';
export { askQuestion, listQuestions, answerQuestion } from './questions.js';
// Issue 19 item 4: the 工作台's queue.
export { nextLessonQueue } from './queue.js';
