"""The model: people, interviews, the follow-up queue and the referral index, as plain data and pure functions."""
