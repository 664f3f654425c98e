-- Purpose: disconnecting Google revokes the account's grant in the worker tier, which alone can open the
-- tokens, and then forgets them there.
-- Touches: grants on tool_secrets.

grant delete on tool_secrets to switchboard_worker;
