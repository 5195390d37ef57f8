-- Whether each age or failure-rate alert's reading was at its trigger at the last check (by alert
-- id, or alert id and subscriber name), so that whichever node sees a crossing first fires it.
ALTER TABLE alert_states ADD COLUMN reached jsonb NOT NULL DEFAULT '{}';
