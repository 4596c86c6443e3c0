// Suggestions as you type in the header search box: see search/views.py.
