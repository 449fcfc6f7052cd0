"""What the tests share: customers on each channel, fake platforms, throwaway servers, data."""
