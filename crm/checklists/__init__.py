"""The pre-drafting checklist and the call sheet: whom to call, by when, and what to say."""
