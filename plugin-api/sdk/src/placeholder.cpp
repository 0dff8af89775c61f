namespace localemu::sdk {}
