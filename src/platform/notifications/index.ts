export {
  createDeliverer,
  type Deliverer,
  deliverDue,
  type Mailer,
  maxAttempts,
  retryDelaySeconds,
  smtpMailer,
} from './delivery.ts';
export { type NewNotification, queueNotification, queueNotifications } from './outbox.ts';
export { notificationRoutes } from './routes.ts';
