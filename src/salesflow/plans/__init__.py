"""Key-account plans: competitors, the sales, call, presentation and tactical plans, actions."""
