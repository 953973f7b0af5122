-- The audit log is append-only: rows may be inserted, and the sealer may set seq/chain_hash
-- once on a row that has none. Every other UPDATE, any DELETE and TRUNCATE are refused, so
-- even a bug or a compromised application account cannot rewrite history; only a superuser who
-- disables the trigger can, and verifyAudit then shows where.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.seq IS NULL
     AND NEW.seq IS NOT NULL
     AND NEW.chain_hash IS NOT NULL
     AND (to_jsonb(NEW) - 'seq' - 'chain_hash') = (to_jsonb(OLD) - 'seq' - 'chain_hash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Only the sealer may set seq and chain_hash, once, on an unsealed row.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only_rows
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
