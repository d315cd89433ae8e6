"""lusong-kiosk: 非凡十年 · 芦淞区, a bilingual touch exhibition."""
__version__ = "0.1.0"
