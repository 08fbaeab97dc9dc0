"""The Streamlit dashboard: `streamlit_app.py` routes, `views/` holds the pages, `components.py` shared widgets."""
