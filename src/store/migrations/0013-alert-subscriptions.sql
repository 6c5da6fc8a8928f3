-- Subscriptions to alerts (topic `alerts`): a node is told of the alerts whose areas overlap its jurisdiction
-- (docs/alerts.md). The topic check of 0005 named three topics; this adds the fourth.

ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_topic_check;
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_topic_check
  CHECK (topic IN ('declarations', 'shelter-status', 'records-in-area', 'alerts'));
