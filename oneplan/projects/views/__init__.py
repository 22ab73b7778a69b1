"""Project pages: the list of requests, a request with its steps, the project form, the annual
project list, the meeting point with departments and the budget calendar."""
