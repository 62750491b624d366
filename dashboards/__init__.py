"""The Streamlit app over the published marts (see dashboards/app.py)."""
